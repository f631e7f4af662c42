package com.schoolops.sla.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The settings one part of the product declares (the kernel, the engine, the HTTP side, notify): each module lists
 * its own, and registers its catalogue as a service ({@code META-INF/services/com.schoolops.sla.config.SettingsCatalogue}).
 * {@link #everything()} gathers every catalogue on the class path: what {@code run} reads, what README's
 * configuration reference and its test see.
 */
public interface SettingsCatalogue {

    /** Who declares these settings, as README's configuration reference names it: kernel, engine, http, notify. */
    String owner();

    List<Setting> settings();

    default Optional<Setting> find(String key) {
        return settings().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** A catalogue of the settings of several. */
    static SettingsCatalogue of(String owner, List<SettingsCatalogue> parts) {
        List<Setting> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.settings()));
        return new DeclaredSettings(owner, all) {
        };
    }

    /** Every catalogue on the class path: each module's declarations, gathered in one place. */
    static SettingsCatalogue everything() {
        List<SettingsCatalogue> found = new ArrayList<>();
        ServiceLoader.load(SettingsCatalogue.class, SettingsCatalogue.class.getClassLoader()).forEach(found::add);
        found.sort(java.util.Comparator.comparing(SettingsCatalogue::owner));
        return of("every deployable", found);
    }
}
