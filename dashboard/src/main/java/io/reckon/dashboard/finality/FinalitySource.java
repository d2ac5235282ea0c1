package io.reckon.dashboard.finality;

import java.time.LocalDate;
import java.util.SortedMap;

/** Where the dashboard learns which days are FINAL: the reconciliation tables, or a map in tests. */
@FunctionalInterface
public interface FinalitySource {
    /** Every FINAL day with its newest FINAL version. */
    SortedMap<LocalDate, DayFinality> finalDays();
}
