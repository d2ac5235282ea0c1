package io.reckon.orchestration.airflow;

/** A failed call to Airflow: the HTTP status (0 when Airflow was not reached) and a one-line message. */
public final class AirflowException extends RuntimeException {
    private final int status;

    public AirflowException(int status, String message) {
        super(message);
        this.status = status;
    }

    public AirflowException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status Airflow answered with, or 0 if it was not reached. */
    public int status() {
        return status;
    }
}
