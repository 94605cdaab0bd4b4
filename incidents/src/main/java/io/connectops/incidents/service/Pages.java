package io.connectops.incidents.service;

import java.util.List;
import java.util.function.LongSupplier;

import io.connectops.platform.rest.Page;

/** Pages whose total is counted only when the page itself cannot tell it. */
final class Pages {

    private Pages() {
    }

    /**
     * A first page that is not full holds everything there is, so its size is the total and the count query (a
     * second round trip on every list and timeline read) is skipped.
     */
    static <T> Page<T> of(List<T> items, int page, int size, LongSupplier count) {
        long total = page == 0 && items.size() < size ? items.size() : count.getAsLong();
        return new Page<>(items, page, size, total);
    }
}
