package io.reckon.reconciliation.io;

import io.reckon.schemas.aggregate.GrainKey;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A grain key in a run's local files ({@link CorrectionSpool}, {@link ExactSpool}): its four ids, then its minute. */
final class SpooledKey {
    private SpooledKey() {
    }

    static void write(DataOutputStream out, GrainKey k) throws IOException {
        out.writeUTF(k.advertiserId());
        out.writeUTF(k.campaignId());
        out.writeUTF(k.adId());
        out.writeUTF(k.currency());
        out.writeLong(k.windowStart());
    }

    static GrainKey read(DataInputStream in) throws IOException {
        return new GrainKey(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
    }
}
