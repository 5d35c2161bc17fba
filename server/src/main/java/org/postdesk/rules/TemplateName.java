package org.postdesk.rules;

/** A template name as conf writes it: the file's name under templates/LANG/ without {@code .ftl}. */
final class TemplateName {

    private TemplateName() {
    }

    static String check(String name) {
        if (name == null || !name.strip().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("'" + name + "' is not a template name: use lower-case letters,"
                    + " digits, '-' or '_', e.g. acknowledgement (for templates/en/acknowledgement.ftl)");
        }
        return name.strip();
    }
}
