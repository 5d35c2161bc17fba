package org.postdesk.outbound;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import org.postdesk.conf.ConfException;

/**
 * Renders the mail Postdesk writes from Freemarker templates under {@code templates/<language>/<name>.ftl}.
 * A template starts with a {@code Subject:} line, then a blank line, then the body (the shape Request
 * Tracker's admins know). A language without the template falls back to English.
 *
 * <p>Sandboxed: templates are admin-edited files rendered over customer-controlled text, so no class
 * can be resolved ({@code ?new}), {@code ?api} is off, and the data model holds only strings, numbers,
 * lists and maps ({@link SimpleObjectWrapper}), never Java objects with methods to call.
 */
public final class RenderMail {

    public static final String FALLBACK_LANGUAGE = "en";

    private final Configuration freemarker;
    private final Path templatesDir;

    public RenderMail(Path templatesDir) {
        this.templatesDir = templatesDir;
        this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
        try {
            freemarker.setDirectoryForTemplateLoading(templatesDir.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("templates folder " + templatesDir + " cannot be read: "
                    + e.getMessage(), e);
        }
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    /**
     * Compiles every template under the templates folder and checks that each required one exists in
     * English, the fallback. Returns the number of templates checked; throws naming file and line.
     */
    public int check(java.util.Collection<String> required) {
        for (String name : required) {
            if (!Files.isRegularFile(templatesDir.resolve(FALLBACK_LANGUAGE).resolve(name + ".ftl"))) {
                throw new TemplateProblem("template " + templatesDir.resolve(FALLBACK_LANGUAGE).resolve(name + ".ftl")
                        + " is missing; every mail Postdesk writes needs its English template");
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(templatesDir)) {
            List<Path> templates = files.filter(f -> f.toString().endsWith(".ftl")).sorted().toList();
            for (Path file : templates) {
                try {
                    freemarker.getTemplate(templatesDir.relativize(file).toString().replace('\\', '/'));
                } catch (freemarker.core.ParseException e) {
                    throw new TemplateProblem("template " + file + " line " + e.getLineNumber() + ": "
                            + e.getEditorMessage(), e);
                }
            }
            return templates.size();
        } catch (IOException e) {
            throw new TemplateProblem("templates folder " + templatesDir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The language a template exists in: {@code language} when it has the template, else English. */
    public String languageFor(String name, String language) {
        String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
        if (!lang.isEmpty() && lang.matches("[a-z]{2,3}(-[a-z0-9]+)?")
                && Files.isRegularFile(templatesDir.resolve(lang).resolve(name + ".ftl"))) {
            return lang;
        }
        return FALLBACK_LANGUAGE;
    }

    public RenderedMail render(String name, String language, Map<String, ?> model) {
        String lang = languageFor(name, language);
        String path = lang + "/" + name + ".ftl";
        String output;
        try {
            Template template = freemarker.getTemplate(path);
            StringWriter out = new StringWriter();
            template.process(model, out);
            output = out.toString();
        } catch (IOException e) {
            throw new TemplateProblem("template " + templatesDir.resolve(path) + " cannot be read: " + e.getMessage(),
                    e);
        } catch (TemplateException e) {
            throw new TemplateProblem("template " + templatesDir.resolve(path) + " line " + e.getLineNumber()
                    + ": " + e.getMessageWithoutStackTop(), e);
        }
        return split(templatesDir.resolve(path), output);
    }

    private static RenderedMail split(Path file, String output) {
        String text = output.replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? "" : text.substring(blank + 2);
        String subject = null;
        for (String line : head.split("\n")) {
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = line.substring(8).strip();
            } else if (!line.isBlank()) {
                throw new TemplateProblem("template " + file + ": the lines before the first blank line may only be"
                        + " 'Subject: …', found '" + line + "'");
            }
        }
        if (subject == null) {
            throw new TemplateProblem("template " + file + " must start with a 'Subject: …' line and a blank line");
        }
        return new RenderedMail(subject, body.stripTrailing() + "\n");
    }

    /** A template that cannot be rendered: names the file, the line and the reason. */
    public static final class TemplateProblem extends ConfException {

        public TemplateProblem(String message) {
            super(message);
        }

        public TemplateProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
