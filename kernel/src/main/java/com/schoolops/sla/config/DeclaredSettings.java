package com.schoolops.sla.config;

import java.util.List;

/** A catalogue written once: who declares it and its settings, given to the constructor. */
public abstract class DeclaredSettings implements SettingsCatalogue {
    private final String owner;
    private final List<Setting> settings;

    protected DeclaredSettings(String owner, List<Setting> settings) {
        this.owner = owner;
        this.settings = List.copyOf(settings);
    }

    @Override
    public final String owner() {
        return owner;
    }

    @Override
    public final List<Setting> settings() {
        return settings;
    }
}
