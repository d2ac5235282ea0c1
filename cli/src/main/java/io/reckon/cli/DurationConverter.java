package io.reckon.cli;

import picocli.CommandLine;

import java.time.Duration;

/** The picocli converter of every duration option ({@link Durations}): {@code converter = DurationConverter.class}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
