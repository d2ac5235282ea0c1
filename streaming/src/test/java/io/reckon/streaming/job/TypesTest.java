package io.reckon.streaming.job;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.ingest.IngressRecord;
import io.reckon.streaming.window.WindowAccumulator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything that travels between operators or sits in state uses Flink's POJO serializer, never Kryo. */
class TypesTest {
    @Test
    void recordsAndStateArePojos() {
        for (Class<?> type : new Class<?>[] {IngressRecord.class, CountedEvent.class, WindowAccumulator.class,
                AggregateRow.class, io.reckon.streaming.archive.HourTouch.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}
