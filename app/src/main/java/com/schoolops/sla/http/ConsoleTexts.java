package com.schoolops.sla.http;

import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.text.Texts;
import io.javalin.http.Context;

import java.util.Map;

/**
 * The console page's words ({@code i18n/console.properties}, Chinese; {@code console_en.properties}, English), served to
 * its script as JSON at {@link #PATH}: one source of texts for the page, formatted there as {@link Texts#get} would.
 */
public final class ConsoleTexts {
    public static final String BUNDLE = "console";
    public static final String PATH = "/console/messages";

    private ConsoleTexts() {
    }

    /**
     * {@code {"lang": "zh", "messages": {key: pattern}}} in {@code lang} ({@code zh} or {@code en}; another is an
     * {@link IllegalArgumentException}, a 400), or when none is asked the best of {@code acceptLanguage} (Chinese by default).
     */
    public static Map<String, Object> messages(String lang, String acceptLanguage) {
        Texts.Lang chosen = lang == null || lang.isBlank() ? Texts.Lang.fromAcceptLanguage(acceptLanguage) : Texts.Lang.of(lang, Texts.Lang.ZH);
        return Map.of("lang", chosen.tag(), "messages", Texts.of(BUNDLE, chosen).all());
    }

    /** GET {@link #PATH}?lang=: the catalogue, asked again by the browser each time (a new release may change it). */
    public static void serve(Context ctx) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> body = messages(ctx.queryParam("lang"), ctx.header("Accept-Language"));
        ctx.header("Cache-Control", "no-cache").header("Vary", "Accept-Language")
                .contentType("application/json").result(ApiJson.MAPPER.writeValueAsString(body));
    }
}
