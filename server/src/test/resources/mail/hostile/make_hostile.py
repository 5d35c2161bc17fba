#!/usr/bin/env python3
"""Writes the hostile corpus: every <name>.eml here. Run it from this folder with Python 3.

The expectations live in cases.yml beside it, written by hand from what a person should read. The two
big cases (a 1 MB header, a 50 MB attachment) are not files: HostileMailTest builds them.
"""
import base64
from pathlib import Path

CRLF = b"\r\n"


def write(name, *parts):
    data = b"".join(p if isinstance(p, bytes) else p.encode("ascii") for p in parts)
    Path(f"{name}.eml").write_bytes(data)


def head(subject, message_id, extra=()):
    lines = ["From: Ann Customer <ann@customer.test>", "To: support@example.com", f"Subject: {subject}",
             "Date: Mon, 02 Mar 2026 10:00:00 +0000", f"Message-ID: <{message_id}>", "MIME-Version: 1.0",
             *extra]
    return "\r\n".join(lines) + "\r\n\r\n"


# A multipart with no boundary parameter: nothing can be split, the whole body is one unreadable part.
write("multipart-without-boundary",
      head("No boundary", "h-noboundary@customer.test", ["Content-Type: multipart/mixed"]),
      "--xyz\r\nContent-Type: text/plain\r\n\r\nThe printer is on fire.\r\n--xyz--\r\n")

# Two parts, then the mail ends: no closing boundary, the attachment cut in the middle.
write("unterminated-multipart",
      head("Cut short", "h-unterminated@customer.test", ['Content-Type: multipart/mixed; boundary="b1"']),
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the log attached.\r\n",
      "--b1\r\nContent-Type: application/octet-stream; name=\"log.bin\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\r\n")

# base64 text with garbage in the middle and a cut last quantum.
good = base64.b64encode("Order 5521 never arrived. Please check.\n".encode()).decode()
write("broken-base64-text",
      head("Broken base64", "h-b64@customer.test",
           ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]),
      good[:20] + "\r\n!!! NOT BASE64 @@@ ###\r\n" + good[20:-3] + "\r\n")

# quoted-printable with invalid escapes (=ZZ, a lone = before the end, lowercase hex) and a soft break.
write("broken-quoted-printable",
      head("Broken QP", "h-qp@customer.test",
           ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]),
      "Price is 100=ZZ euros, caf=C3=A9 is fine, =e2=82=ac is lowercase,=\r\n joined line, bad end =4\r\n")

# A charset name that is no charset, with quotes, slashes and markup in it.
write("hostile-charset-name",
      head("Bad charset", "h-charset@customer.test",
           ['Content-Type: text/plain; charset="../../x-<script>alert(1)</script>"',
            "Content-Transfer-Encoding: 8bit"]),
      "Ticket about invoice 77. Plain ASCII words.\r\n".encode("ascii"))

# 8-bit Russian with no charset anywhere, windows-1251 and KOI8-R: must be detected, not read as Latin-1.
RU_1251 = ("Здравствуйте! Не работает личный кабинет: после входа появляется пустая страница. "
           "Пожалуйста, помогите разобраться, мы не можем выставить счета клиентам.")
RU_KOI8 = ("Добрый день. Письма с вашего сервера приходят с опозданием на несколько часов, "
           "а иногда не приходят совсем. Проверьте, пожалуйста, очередь отправки.")
write("cp1251-8bit-no-charset",
      b"From: ivan@example.ru\r\nTo: support@example.com\r\nSubject: ", "Не работает кабинет".encode("cp1251"),
      b"\r\nDate: Mon, 02 Mar 2026 10:00:00 +0300\r\nMessage-ID: <h-cp1251@example.ru>\r\n"
      b"Content-Transfer-Encoding: 8bit\r\n\r\n", RU_1251.encode("cp1251"), CRLF)
write("koi8r-8bit-no-charset",
      b"From: olga@example.ru\r\nTo: support@example.com\r\nSubject: ", "Письма опаздывают".encode("koi8-r"),
      b"\r\nDate: Mon, 02 Mar 2026 10:00:00 +0300\r\nMessage-ID: <h-koi8@example.ru>\r\n\r\n",
      RU_KOI8.encode("koi8-r"), CRLF)

# No From, no Date, no Message-ID: a script's bare mail.
write("no-from-date-or-message-id",
      "To: support@example.com\r\nSubject: Disk full on backup host\r\n\r\nBackup failed: disk full.\r\n")

# Raw 8-bit header bytes that are no charset at all, a header with no colon, a header name with 8-bit bytes.
write("raw-8bit-garbage-headers",
      b"From: \xff\xfe\xfd <ann@customer.test>\r\nTo: support@example.com\r\nSubject: Caf\xe9 \x80\x81\x82 menu\r\n"
      b"X-\xc3\x28Broken: yes\r\nthis line has no colon at all\r\nMessage-ID: <h-8bit@customer.test>\r\n\r\n"
      b"The body is plain.\r\n")

# 60 levels of multipart/mixed; the text sits at the top, a secret at the bottom.
depth = 60
body = "Content-Type: text/plain\r\n\r\nDEEP-SECRET at the bottom\r\n"
for level in reversed(range(depth)):
    body = (f'Content-Type: multipart/mixed; boundary="L{level}"\r\n\r\n--L{level}\r\n' + body
            + f"--L{level}--\r\n")
write("deeply-nested-multiparts",
      head("Sixty levels", "h-deep@customer.test",
           ['Content-Type: multipart/mixed; boundary="top"']),
      "--top\r\nContent-Type: text/plain\r\n\r\nThe words at the top.\r\n--top\r\n", body, "--top--\r\n")

# An empty file attached, base64 of nothing.
write("zero-byte-attachment",
      head("Empty log", "h-zero@customer.test", ['Content-Type: multipart/mixed; boundary="z"']),
      "--z\r\nContent-Type: text/plain\r\n\r\nThe log came out empty.\r\n--z\r\n"
      'Content-Type: text/plain; name="empty.log"\r\nContent-Disposition: attachment; filename="empty.log"\r\n'
      "Content-Transfer-Encoding: base64\r\n\r\n\r\n--z--\r\n")

# Attachment names that try to be paths.
write("attachment-names-as-paths",
      head("Files", "h-paths@customer.test", ['Content-Type: multipart/mixed; boundary="p"']),
      "--p\r\nContent-Type: text/plain\r\n\r\nTwo files.\r\n--p\r\n"
      'Content-Type: text/plain; name="../../etc/passwd"\r\nContent-Disposition: attachment; '
      'filename="../../etc/passwd"\r\n\r\nroot:x:0:0\r\n--p\r\n'
      'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="/tmp/postdesk-owned.txt"\r\n\r\n'
      "owned\r\n--p--\r\n")

# HTML only, with a script, an onerror handler and a javascript: link.
write("html-script-onerror-javascript",
      head("Look at this", "h-html@customer.test", ["Content-Type: text/html; charset=utf-8"]),
      '<html><body><p>Hello <b>support</b>,</p><script>steal(document.cookie)</script>'
      '<img src="https://cdn.example/x.png" onerror="alert(1)">'
      '<a href="javascript:alert(2)">click</a> <a href="https://example.com/ok">fine link</a>'
      '<iframe src="https://evil.example/"></iframe></body></html>\r\n')

# NUL bytes, bare CR and bare LF mixed in one text.
write("nul-and-bare-line-ends",
      head("Odd line ends", "h-nul@customer.test", ["Content-Type: text/plain; charset=utf-8"]),
      b"first line\rsecond line\nthird\x00line\r\nfourth line\r\n")

# Nothing but headers, no blank line, no body.
write("headers-only-no-body",
      b"From: ann@customer.test\r\nTo: support@example.com\r\nSubject: Headers only\r\n"
      b"Message-ID: <h-headers-only@customer.test>")

# Zero bytes.
write("empty-message", b"")
