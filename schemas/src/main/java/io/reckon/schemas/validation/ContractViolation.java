package io.reckon.schemas.validation;

import java.util.Objects;

/**
 * A value breaks a contract rule. Thrown by the field rules and by the constructors of contract types, and turned
 * into an {@link Verdict.Invalid} by the validator.
 *
 * <p>Invalid records are an expected, frequent input, so this exception skips the stack trace: building one costs
 * about as much as a small object allocation.
 */
public final class ContractViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;

    public ContractViolation(ReasonCode reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ReasonCode reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
