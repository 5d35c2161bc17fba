package org.postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Words are cut and folded the same way for H2's index and for the query. */
class SearchWordsTest {

    @Test
    void wordsAreRunsOfLettersDigitsAndUnderscoresLowerCasedOnce() {
        assertThat(SearchWords.of("Re: Refund for order #42 — refund, printer_tray! Счёт-фактура"))
                .containsExactly("re", "refund", "for", "order", "42", "printer_tray", "счёт", "фактура");
        assertThat(SearchWords.of("?! -- ...")).isEmpty();
        assertThat(SearchWords.of(null)).isEmpty();
    }

    @Test
    void foldingDropsAccentsButKeepsTheRussianShortI() {
        assertThat(SearchWords.folded("Emissão")).isEqualTo("emissao");
        assertThat(SearchWords.folded("ATENÇÃO")).isEqualTo("atencao");
        assertThat(SearchWords.folded("ёлка")).isEqualTo("елка");
        assertThat(SearchWords.folded("Йод")).isEqualTo("йод");
        assertThat(SearchWords.folded("ПРИВЕТ")).isEqualTo("привет");
    }

    @Test
    void decomposedAccentsStayInsideTheirWord() {
        assertThat(SearchWords.foldedOf("emissa\u0303o")).containsExactly("emissao");
    }

    @Test
    void longWordsAreCutToTheIndexColumn() {
        assertThat(SearchWords.folded("a".repeat(100))).hasSize(SearchWords.MAX_LENGTH);
    }
}
