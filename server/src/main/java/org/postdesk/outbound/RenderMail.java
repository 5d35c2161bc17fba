package org.postdesk.outbound;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import freemarker.cache.StringTemplateLoader;
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
 * <p>The templates are read once, when this is built: a renderer is a snapshot, so a rule set and the
 * templates it was checked with change together (see {@code org.postdesk.rules.Rules}), and a half-saved
 * file never reaches a customer.
 *
 * <p>Sandboxed: templates are admin-edited files rendered over customer-controlled text, so no class
 * can be resolved ({@code ?new}), {@code ?api} is off, and the data model holds only strings, numbers,
 * lists and maps ({@link SimpleObjectWrapper}), never Java objects with methods to call.
 */
public final class RenderMail {

    public static final String FALLBACK_LANGUAGE = "en";

    /** Canned responses live here under each language: text to insert, without a Subject line. */
    public static final String CANNED = "canned";

    private final Configuration freemarker;
    private final Path templatesDir;
    private final Set<String> names;

    public RenderMail(Path templatesDir) {
        this.templatesDir = templatesDir;
        this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
        StringTemplateLoader snapshot = new StringTemplateLoader();
        Set<String> found = new TreeSet<>();
        if (Files.isDirectory(templatesDir)) {
            try (Stream<Path> files = Files.walk(templatesDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".ftl") && Files.isRegularFile(f)).toList()) {
                    String name = templatesDir.relativize(file).toString().replace('\\', '/');
                    snapshot.putTemplate(name, Files.readString(file));
                    found.add(name);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new TemplateProblem("templates folder " + templatesDir + " cannot be read: " + e.getMessage(), e);
            }
        }
        this.names = Set.copyOf(found);
        freemarker.setTemplateLoader(snapshot);
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
            if (!names.contains(FALLBACK_LANGUAGE + "/" + name + ".ftl")) {
                throw new TemplateProblem("template " + templatesDir.resolve(FALLBACK_LANGUAGE).resolve(name + ".ftl")
                        + " is missing; every mail Postdesk writes needs its English template");
            }
        }
        for (String name : names) {
            try {
                freemarker.getTemplate(name);
            } catch (freemarker.core.ParseException e) {
                throw new TemplateProblem("template " + templatesDir.resolve(name) + " line " + e.getLineNumber()
                        + ": " + e.getEditorMessage(), e);
            } catch (IOException e) {
                throw new TemplateProblem("template " + templatesDir.resolve(name) + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return names.size();
    }

    /**
     * Renders every template against {@code sample}, a model holding every variable templates may use,
     * so a misspelt variable is found before a customer's mail needs it. Returns one line per problem:
     * the file, the line and what is wrong.
     */
    public List<String> renderProblems(Map<String, ?> sample) {
        List<String> problems = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                String output = process(name, sample);
                if (!isCanned(name)) {
                    split(templatesDir.resolve(name), output);
                }
            } catch (freemarker.core.InvalidReferenceException e) {
                problems.add("template " + templatesDir.resolve(name) + " line " + e.getLineNumber() + ": unknown"
                        + " variable '" + e.getBlamedExpressionString() + "'; templates may use "
                        + new TreeSet<>(sample.keySet()) + " (see the README's template section)");
            } catch (TemplateException e) {
                problems.add("template " + templatesDir.resolve(name) + " line " + e.getLineNumber() + ": "
                        + e.getMessageWithoutStackTop().lines().findFirst().orElse(""));
            } catch (TemplateProblem e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add("template " + templatesDir.resolve(name) + " cannot be read: " + e.getMessage());
            }
        }
        return problems;
    }

    private static boolean isCanned(String name) {
        return name.matches("[^/]+/" + CANNED + "/.*");
    }

    /** The template names present, as {@code en/acknowledgement.ftl}. */
    public Set<String> names() {
        return names;
    }

    /** The language a template exists in: {@code language} when it has the template, else English. */
    public String languageFor(String name, String language) {
        String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
        if (!lang.isEmpty() && lang.matches("[a-z]{2,3}(-[a-z0-9]+)?")
                && names.contains(lang + "/" + name + ".ftl")) {
            return lang;
        }
        return FALLBACK_LANGUAGE;
    }

    public RenderedMail render(String name, String language, Map<String, ?> model) {
        String path = languageFor(name, language) + "/" + name + ".ftl";
        return split(templatesDir.resolve(path), renderFile(path, model));
    }

    /** Renders a text-only template (a canned response, {@code canned/NAME}): no Subject line. */
    public String renderText(String name, String language, Map<String, ?> model) {
        return renderFile(languageFor(name, language) + "/" + name + ".ftl", model);
    }

    private String renderFile(String path, Map<String, ?> model) {
        try {
            return process(path, model);
        } catch (IOException e) {
            throw new TemplateProblem("template " + templatesDir.resolve(path) + " cannot be read: " + e.getMessage(),
                    e);
        } catch (TemplateException e) {
            throw new TemplateProblem("template " + templatesDir.resolve(path) + " line " + e.getLineNumber()
                    + ": " + e.getMessageWithoutStackTop(), e);
        }
    }

    private String process(String path, Map<String, ?> model) throws IOException, TemplateException {
        Template template = freemarker.getTemplate(path);
        StringWriter out = new StringWriter();
        template.process(model, out);
        return out.toString();
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
