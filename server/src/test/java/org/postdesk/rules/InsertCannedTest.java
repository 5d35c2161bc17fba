package org.postdesk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.postdesk.outbound.RenderMail;
import org.postdesk.testing.TestConfigs;

/** #canned lines become the rendered canned response, in the ticket's language; an unknown name refuses. */
class InsertCannedTest {

    private final InsertCanned canned = new InsertCanned(() -> new RenderMail(TestConfigs.templates()));
    private final Map<String, Object> model = TemplateModel.sample();

    @Test
    void theLineIsReplacedWhereItStood() {
        InsertCanned.Result r = canned.apply("Hi,\n#canned refund-policy\nBest, Alice", "en", model);
        assertThat(r).isInstanceOfSatisfying(InsertCanned.Inserted.class, ok -> {
            assertThat(ok.names()).containsExactly("refund-policy");
            assertThat(ok.text()).startsWith("Hi,\nHello Sample Customer,\n").contains("within 30 days")
                    .contains("ticket SUP-1").endsWith("days. Your request is ticket SUP-1.\nBest, Alice");
        });
    }

    @Test
    void theTicketsLanguageIsUsedAndEnglishIsTheFallback() {
        assertThat(((InsertCanned.Inserted) canned.apply("#canned refund-policy", "ru", model)).text())
                .contains("Вернуть деньги");
        assertThat(((InsertCanned.Inserted) canned.apply("#canned refund-policy", "de", model)).text())
                .contains("You can ask for a refund");
    }

    @Test
    void anUnknownNameRefusesNamingTheLineAndWhatExists() {
        InsertCanned.Result r = canned.apply("Hi,\n\n  #canned refund-polcy\n", "en", model);
        assertThat(r).isInstanceOfSatisfying(InsertCanned.Refused.class, no -> assertThat(no.message())
                .isEqualTo("line 3: no canned response 'refund-polcy'; there are [refund-policy]"));
        assertThat(canned.apply("#canned", "en", model)).isInstanceOfSatisfying(InsertCanned.Refused.class,
                no -> assertThat(no.message()).contains("line 1: #canned needs a name"));
    }

    @Test
    void checkFindsTheFirstUnknownNameWithoutRendering() {
        assertThat(canned.check("Hi\n#canned refund-policy\n#canned nope\n#canned nada")).hasValueSatisfying(
                r -> assertThat(r.message()).startsWith("line 3: no canned response 'nope'"));
        assertThat(canned.check("Hi\n#canned refund-policy")).isEmpty();
        assertThat(InsertCanned.isCannedLine("  #canned refund-policy ")).isTrue();
        assertThat(InsertCanned.isCannedLine("#cannedrefund")).isFalse();
    }

    @Test
    void textWithoutCannedLinesIsUnchanged() {
        String text = "We mention #canned in passing, not as a command.\r\nBye";
        assertThat(((InsertCanned.Inserted) canned.apply(text, "en", model)).text()).isEqualTo(text);
    }

    @Test
    void shippedCannedResponsesAreListed() {
        assertThat(canned.list()).containsEntry("refund-policy", java.util.List.of("en", "pt", "ru"));
    }
}
