package com.schoolops.sla.text;

import com.schoolops.sla.text.Texts.Lang;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextsTest {
    @Test
    void chineseIsTheBaseBundleAndEnglishItsOwn() {
        assertEquals("你好，李华", Texts.of("sample", Lang.ZH).get("greeting", "李华"));
        assertEquals("Hello, Li Hua", Texts.of("sample", Lang.EN).get("greeting", "Li Hua"));
        assertEquals("1,200 devices", Texts.of("sample", Lang.EN).get("devices", 1200));
    }

    @Test
    void theMachinesDefaultLocaleDoesNotChooseTheLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertEquals("你好，x", Texts.of("sample", Lang.ZH).get("greeting", "x"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMissingTextIsAnErrorThatNamesIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Texts.of("sample", Lang.EN).get("nope"));
        assertEquals("no text 'nope' in i18n/sample (en)", e.getMessage());
    }

    @Test
    void missingKeysListsWhatEachLanguageLacks() {
        assertEquals(List.of(), Texts.missingKeys("sample"));
        assertEquals(List.of("en lacks only.zh", "zh lacks only.en"), Texts.missingKeys("lopsided"));
    }

    @Test
    void languagesFromATagOrABrowsersHeader() {
        assertEquals(Lang.EN, Lang.of("en-GB", Lang.ZH));
        assertEquals(Lang.ZH, Lang.of("zh_CN", Lang.EN));
        assertEquals(Lang.EN, Lang.of(null, Lang.EN));
        assertThrows(IllegalArgumentException.class, () -> Lang.of("fr", Lang.ZH));
        assertEquals(Lang.EN, Lang.fromAcceptLanguage("fr-FR,fr;q=0.9,en-US;q=0.8,zh;q=0.5"));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage("de"));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage(";;;garbage"));
        assertEquals(Lang.ZH, Lang.fromAcceptLanguage(null));
    }
}
