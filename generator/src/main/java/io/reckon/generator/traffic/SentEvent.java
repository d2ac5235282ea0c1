package io.reckon.generator.traffic;

import io.reckon.schemas.event.AdEvent;

/** A valid record already sent, remembered so it can be duplicated later. */
record SentEvent(AdEvent event, byte[] key, byte[] value, long timestamp) {
}
