package io.reckon.dashboard.access;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one API key may read: everything (an admin key), or the rows of some advertisers. {@code name} identifies the
 * key in logs and errors; the secret itself is never kept here.
 */
public record Access(String name, boolean admin, SortedSet<String> advertisers) {
    public Access {
        advertisers = new TreeSet<>(advertisers);
        if (!admin && advertisers.isEmpty()) {
            throw new IllegalArgumentException("key " + name + ": a scoped key needs at least one advertiser");
        }
    }

    public static Access admin(String name) {
        return new Access(name, true, new TreeSet<>());
    }

    public static Access scoped(String name, Set<String> advertisers) {
        return new Access(name, false, new TreeSet<>(advertisers));
    }

    public boolean mayRead(String advertiser) {
        return admin || advertisers.contains(advertiser);
    }
}
