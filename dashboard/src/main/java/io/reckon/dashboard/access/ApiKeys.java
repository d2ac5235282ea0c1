package io.reckon.dashboard.access;

import io.reckon.dashboard.query.Identifiers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys of {@code bin/reckon serve}, one per line: {@code <name> <secret> admin} or
 * {@code <name> <secret> <advertiser>[,<advertiser>...]}; {@code #} starts a comment. A secret may be given as
 * {@code sha256:<hex>} so the file need not hold it. Keys are compared by their SHA-256 in constant time, and neither
 * a secret nor its digest ever appears in a message: errors name the line or the key's name.
 */
public final class ApiKeys {
    /** A secret of fewer characters is refused: it could be guessed. */
    public static final int MIN_SECRET_LENGTH = 16;

    private record Entry(byte[] digest, Access access) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the keys of a file, one per line. */
    public static ApiKeys parse(String text) {
        return parse(text, "\\n");
    }

    /** Parses the keys of an environment variable: lines may also be separated by ';' there. */
    public static ApiKeys parseEnvironment(String text) {
        return parse(text, "[\\n;]");
    }

    private static ApiKeys parse(String text, String separator) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        String[] lines = text.split(separator);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = "API keys, entry " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + ": expected '<name> <secret> admin|<advertiser>[,...]'");
            }
            String name = parts[0];
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(where + ": a key's name is letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": the name " + name + " is used twice");
            }
            byte[] digest = digestOf(parts[1], where + " (" + name + ")");
            Access access;
            if ("admin".equals(parts[2])) {
                access = Access.admin(name);
            } else {
                Set<String> advertisers = new LinkedHashSet<>(Arrays.asList(parts[2].split(",")));
                for (String a : advertisers) {
                    if (!Identifiers.valid(a)) {
                        throw new IllegalArgumentException(where + " (" + name + "): not an advertiser id");
                    }
                }
                access = Access.scoped(name, advertisers);
            }
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.digest(), digest)) {
                    throw new IllegalArgumentException(where + " (" + name + "): the same secret as key " + e.access().name());
                }
            }
            entries.add(new Entry(digest, access));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("API keys: none given");
        }
        return new ApiKeys(entries);
    }

    private static byte[] digestOf(String secret, String where) {
        if (secret.startsWith("sha256:")) {
            String hex = secret.substring("sha256:".length());
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(where + ": sha256: takes 64 hex digits");
            }
            return HexFormat.of().parseHex(hex);
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(where + ": a secret needs at least " + MIN_SECRET_LENGTH + " characters");
        }
        return sha256(secret);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The access of the key presented, if it is one of these; every entry is compared, so timing tells nothing. */
    public Optional<Access> lookup(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Access found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                found = e.access();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    /** The keys' names and scopes, for the start-up line (never the secrets). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.access().name()).append(e.access().admin() ? " (admin)" : " " + e.access().advertisers());
        }
        return b.toString();
    }
}
