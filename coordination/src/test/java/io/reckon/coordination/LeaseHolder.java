package io.reckon.coordination;

import java.time.LocalDate;

/** A process that takes a day's lease and holds it until killed (ZooKeeperDayLeasesITCase kills it). */
public final class LeaseHolder {
    private LeaseHolder() {
    }

    public static void main(String[] args) throws Exception {
        DayLeases leases = ZooKeeperDayLeases.connect(args[0], args[1]);
        leases.acquire(LocalDate.parse(args[2]), DayLeases.holder("lease holder (test)"));
        System.out.println("HELD");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
