package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

/** File names and header text as clients write them: RFC 2231, RFC 2047 in quotes, raw 8-bit. */
class HeaderValueTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    @Test
    void rfc2231NameOnContentTypeIsDecoded() throws MimeException {
        Field type = field("Content-Type: application/pdf; name*=UTF-8''%D0%A1%D1%87%D1%91%D1%82.pdf");
        assertThat(HeaderValue.parameter(type, "name", null)).hasValue("Счёт.pdf");
    }

    @Test
    void rfc2231ContinuationsJoinInNumberOrderWhateverTheirOrderInTheHeader() throws MimeException {
        Field disposition = field("Content-Disposition: attachment;\r\n filename*1*=%20final.pdf;\r\n"
                + " filename*0*=utf-8''Vers%C3%A3o");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("Versão final.pdf");
    }

    @Test
    void plusInAnRfc2231ValueIsAPlusNotASpace() throws MimeException {
        Field disposition = field("Content-Disposition: attachment; filename*=utf-8''C++%20notas.txt");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("C++ notas.txt");
    }

    @Test
    void apostrophesInAPlainValueAreText() throws MimeException {
        Field disposition = field("Content-Disposition: attachment; filename=\"D'Ávila's pedido.pdf\"");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("D'Ávila's pedido.pdf");
    }

    @Test
    void outlookEncodedWordsInQuotesAreDecoded() throws MimeException {
        Field type = field("Content-Type: application/pdf;\r\n\tname=\"=?windows-1251?B?xO7j7uLu8C5wZGY=?=\"");
        assertThat(HeaderValue.parameter(type, "name", null)).hasValue("Договор.pdf");
    }

    @Test
    void rfc2231WinsOverThePlainValue() throws MimeException {
        Field disposition = field("Content-Disposition: attachment; filename=\"Dogovor.pdf\";"
                + " filename*=windows-1251''%C4%EE%E3%EE%E2%EE%F0.pdf");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("Договор.pdf");
    }

    @Test
    void rfc2231WithACharsetJavaDoesNotKnowIsDetected() throws MimeException {
        Field disposition = field("Content-Disposition: attachment; filename*=x-cp-1251''%D1%F7%B8%F2.pdf");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("Счёт.pdf");
    }

    @Test
    void raw8BitValueIsReadInTheMessagesCharset() throws MimeException {
        Field disposition = field("Content-Disposition: attachment; filename=\"Счёт №15.doc\"".getBytes(CP1251));
        assertThat(HeaderValue.parameter(disposition, "filename", CP1251)).hasValue("Счёт №15.doc");
        assertThat(HeaderValue.parameter(disposition, "filename", null)).hasValue("Счёт №15.doc");
    }

    @Test
    void missingParameterIsEmpty() throws MimeException {
        assertThat(HeaderValue.parameter(field("Content-Disposition: inline"), "filename", null)).isEmpty();
        assertThat(HeaderValue.parameter(null, "filename", null)).isEmpty();
    }

    @Test
    void rawUtf8SubjectIsUtf8WhateverTheMessagesCharset() throws MimeException {
        Field subject = field("Subject: Não consigo emitir a nota".getBytes(StandardCharsets.UTF_8));
        assertThat(HeaderValue.decoded(subject, CP1251)).isEqualTo("Não consigo emitir a nota");
    }

    private static Field field(String header) throws MimeException {
        return field(header.getBytes(StandardCharsets.UTF_8));
    }

    private static Field field(byte[] header) throws MimeException {
        return RawFieldParser.DEFAULT.parseField(new ByteArrayBuffer(header, true));
    }
}
