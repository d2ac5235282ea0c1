package io.reckon.schemas.event;

import io.reckon.schemas.validation.ContractViolation;
import io.reckon.schemas.validation.ReasonCode;

/** The two kinds of ad event. Both carry a cost; both add to spend. */
public enum EventType {
    IMPRESSION("impression"),
    CLICK("click");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The exact JSON spelling (lower case). */
    public String wireName() {
        return wireName;
    }

    /** Exact, case-sensitive match: "Click" or " click" are invalid. */
    public static EventType fromWireName(String value) {
        if (IMPRESSION.wireName.equals(value)) {
            return IMPRESSION;
        }
        if (CLICK.wireName.equals(value)) {
            return CLICK;
        }
        throw new ContractViolation(ReasonCode.BAD_EVENT_TYPE,
                "event_type must be \"impression\" or \"click\", got \"" + abbreviate(value) + '"');
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
