package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.version.Versions;

/** The live row Pinot serves for a grain key, with the version that put it there. */
public record PinotRow(GrainKey key, Counts counts, long version) {
    public boolean isBatch() {
        return Versions.isBatch(version);
    }
}
