package io.connectops.scheduling.common;

import java.util.List;

import io.connectops.platform.rest.PageRequest;

/** Paging of a list filtered in memory. */
public final class Pages {

    private Pages() {
    }

    /**
     * The page's slice of {@code all}, empty past its end. The offset is computed in long: {@code page × size}
     * overflows an int for a large page, which made a negative {@code subList} and a 500.
     */
    public static <T> List<T> slice(List<T> all, PageRequest page) {
        long from = Math.min(Math.max(0L, (long) page.page() * page.size()), all.size());
        long to = Math.min(from + page.size(), all.size());
        return all.subList((int) from, (int) to);
    }
}
