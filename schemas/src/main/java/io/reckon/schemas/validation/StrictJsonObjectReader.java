package io.reckon.schemas.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads exactly one JSON text whose top-level value must be an object, keeping only the members we care about.
 *
 * <p>Uses only Jackson's streaming API with its standard-conformant defaults (no comments, no single quotes, no
 * leading zeros, no NaN, no trailing commas, no raw control characters in strings). That API and those defaults are
 * the same in every jackson-core from 2.15 on, so the Flink and Spark classpaths reach the same verdicts. Jackson's
 * own read limits (nesting depth 1000, number length 1000) are identical across those versions; the larger limits
 * that differ (name and string lengths) cannot be reached because the validator caps the value size first.
 */
final class StrictJsonObjectReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Keeps error messages free of the record's content and identical across Jackson versions.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private StrictJsonObjectReader() {
    }

    /** The members of interest plus the first duplicated member name (null when none). */
    record ParsedObject(Map<String, JsonMember> members, String firstDuplicateName) {
        JsonMember get(String name) {
            return members.get(name);
        }
    }

    /**
     * Parses {@code text} completely before judging it, so that a syntax error anywhere always wins over a
     * non-object root or a duplicate name.
     *
     * @param wanted member names whose values are captured; other members are syntax-checked and skipped
     */
    static ParsedObject read(String text, Set<String> wanted) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ContractViolation(ReasonCode.MALFORMED_JSON, "value holds no JSON text");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                throw new ContractViolation(ReasonCode.NOT_AN_OBJECT,
                        "top-level JSON value is " + describe(first) + ", not an object");
            }
            Map<String, JsonMember> members = new HashMap<>();
            Set<String> names = new HashSet<>();
            String firstDuplicate = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if (!names.add(name) && firstDuplicate == null) {
                    firstDuplicate = name;
                }
                if (wanted.contains(name)) {
                    members.put(name, capture(parser, valueToken));
                } else {
                    parser.skipChildren();
                }
            }
            // The loop ends on END_OBJECT: anything else would have been a parse error.
            requireEnd(parser);
            return new ParsedObject(members, firstDuplicate);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(ReasonCode.MALFORMED_JSON,
                    "value is not well-formed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a String does no I/O; Jackson still declares the exception.
            throw new ContractViolation(ReasonCode.MALFORMED_JSON, "value could not be read: " + e.getMessage());
        }
    }

    private static JsonMember capture(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return JsonMember.string(parser.getText());
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return JsonMember.of(JsonMember.Kind.BIG_INTEGER);
                }
                return JsonMember.integer(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return JsonMember.of(JsonMember.Kind.FRACTION);
            case VALUE_NULL:
                return JsonMember.of(JsonMember.Kind.NULL);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return JsonMember.of(JsonMember.Kind.BOOLEAN);
            case START_OBJECT:
                parser.skipChildren();
                return JsonMember.of(JsonMember.Kind.OBJECT);
            case START_ARRAY:
                parser.skipChildren();
                return JsonMember.of(JsonMember.Kind.ARRAY);
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new ContractViolation(ReasonCode.MALFORMED_JSON, "trailing content after the JSON value");
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
