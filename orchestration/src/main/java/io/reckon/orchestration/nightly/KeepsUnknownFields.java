package io.reckon.orchestration.nightly;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.LinkedHashMap;
import java.util.Map;

/** A record of the state file that keeps the fields of another version of the chain and writes them back. */
abstract class KeepsUnknownFields {
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnySetter
    void keep(String name, Object value) {
        other.put(name, value);
    }

    @JsonAnyGetter
    Map<String, Object> other() {
        return other;
    }
}
