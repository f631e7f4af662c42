package com.schoolops.sla.query;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paging the site list (issue 26): every site once and in order, however the sites are spread over tasks and instances. */
class SitePageTest {

    @Test
    void walkingThePagesVisitsEverySiteOnceInOrderWhateverStoresHoldThem() {
        // 47 sites over 3 instances of 2 tasks each, as the partitioner spreads them: each store is in order, not the whole.
        List<List<List<String>>> instances = List.of(stores(), stores(), stores());
        TreeSet<String> all = new TreeSet<>(SitePage.ORDER);
        for (int i = 0; i < 47; i++) {
            String site = "school-" + i;
            all.add(site);
            int task = Math.floorMod(site.hashCode(), 6);
            instances.get(task / 2).get(task % 2).add(site);
        }
        instances.forEach(stores -> stores.forEach(store -> store.sort(SitePage.ORDER)));

        for (int limit : new int[]{1, 5, 47, 500}) {
            List<String> walked = new ArrayList<>();
            String after = null;
            do {
                SitePage page = new SitePage(after, limit, Set.of());
                List<String> parts = new ArrayList<>();
                for (List<List<String>> instance : instances) { // as LocalQueries: each store from the cursor, up to the limit
                    List<List<String>> read = instance.stream().map(store -> store.stream()
                            .filter(s -> page.admits(s, "GREEN")).limit(limit).toList()).toList();
                    parts.addAll(page.first(read, Function.identity()));
                }
                Views.Answer<String> answer = page.merge(new Views.Answer<>(parts, instances.size(), List.of()), Function.identity());
                walked.addAll(answer.items());
                after = answer.next();
            } while (after != null && walked.size() <= all.size());
            assertEquals(new ArrayList<>(all), walked, "limit " + limit);
        }
    }

    @Test
    void sitesAreInTheOrderOfTheirBytesAsTheStoresKeepThem() {
        List<String> sorted = new ArrayList<>(List.of("site-9", "site-10", "Site-2", "site-1"));
        sorted.sort(SitePage.ORDER);
        assertEquals(List.of("Site-2", "site-1", "site-10", "site-9"), sorted);
    }

    @Test
    void aFullPageSaysWhereTheNextStartsAndTheLastSaysNothing() {
        SitePage page = new SitePage(null, 2, Set.of());
        Views.Answer<String> full = page.merge(new Views.Answer<>(List.of("c", "a", "b"), 2, List.of()), Function.identity());
        assertEquals(List.of("a", "b"), full.items());
        assertEquals("b", full.next());
        Views.Answer<String> last = new SitePage("b", 2, Set.of()).merge(new Views.Answer<>(List.of("c"), 2, List.of()), Function.identity());
        assertEquals(List.of("c"), last.items());
        assertNull(last.next());
    }

    @Test
    void parametersAreReadAndCheckedAsAUserTypesThem() {
        SitePage defaults = SitePage.from(name -> null);
        assertEquals(SitePage.DEFAULT_LIMIT, defaults.limit());
        assertTrue(defaults.admits("any", "GREEN"));
        SitePage problems = SitePage.from(Map.of("status", "red, amber", "limit", "20", "after", "school-3")::get);
        assertEquals(Set.of("RED", "AMBER"), problems.statuses());
        assertTrue(problems.admits("school-4", "RED"));
        assertTrue(!problems.admits("school-4", "GREEN") && !problems.admits("school-2", "RED"), "a status left out, a site before the cursor");
        assertEquals("?limit=20&after=school-3&status=AMBER,RED", problems.query());
        for (Map<String, String> bad : List.of(Map.of("limit", "0"), Map.of("limit", "x"), Map.of("limit", "100000"), Map.of("status", "PURPLE"))) {
            assertThrows(IllegalArgumentException.class, () -> SitePage.from(bad::get), bad.toString());
        }
    }

    private static List<List<String>> stores() {
        return List.of(new ArrayList<>(), new ArrayList<>());
    }
}
