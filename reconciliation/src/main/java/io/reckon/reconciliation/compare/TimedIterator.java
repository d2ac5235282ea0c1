package io.reckon.reconciliation.compare;

import java.util.Iterator;

/** An iterator that adds the time spent fetching its elements (a JDBC cursor, say) to a counter. */
public final class TimedIterator<T> implements Iterator<T> {
    private final Iterator<T> it;
    private long nanos;

    public TimedIterator(Iterator<T> it) {
        this.it = it;
    }

    @Override
    public boolean hasNext() {
        long t = System.nanoTime();
        try {
            return it.hasNext();
        } finally {
            nanos += System.nanoTime() - t;
        }
    }

    @Override
    public T next() {
        long t = System.nanoTime();
        try {
            return it.next();
        } finally {
            nanos += System.nanoTime() - t;
        }
    }

    public long nanos() {
        return nanos;
    }
}
