package org.postdesk.mime;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language a customer writes in, to answer in it: the {@code Content-Language} header when the
 * client sent one (Outlook and Exchange do), else a guess from the text. The guess only has to tell
 * apart the languages templates exist for; Cyrillic script and a handful of Portuguese marks and words
 * do that reliably on a few lines, where a statistical detector's models would be megabytes.
 */
public final class DetectLanguage {

    private static final Pattern CONTENT_LANGUAGE = Pattern.compile("\\s*([A-Za-z]{2,3})\\b.*");
    private static final Pattern PORTUGUESE = Pattern.compile(
            "[ãõç]|\\b(não|obrigad[oa]|olá|você|vocês|por favor|bom dia|boa tarde|boa noite|estou|minha|meu|"
                    + "pedido|encomenda|também|então|já)\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private DetectLanguage() {
    }

    public static String of(ParsedMessage message) {
        Optional<String> declared = message.header("Content-Language");
        if (declared.isPresent()) {
            Matcher m = CONTENT_LANGUAGE.matcher(declared.get());
            if (m.matches()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return ofText(message.subject() + "\n" + message.text());
    }

    public static String ofText(String text) {
        int cyrillic = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC) {
                    cyrillic++;
                }
            }
        }
        if (letters > 0 && cyrillic * 10 >= letters * 3) {
            return "ru";
        }
        Matcher pt = PORTUGUESE.matcher(text);
        int marks = 0;
        while (pt.find() && marks < 2) {
            marks++;
        }
        return marks >= 2 ? "pt" : "en";
    }
}
