package org.postdesk.health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.postdesk.conf.HttpSettings;

/**
 * The operators' HTTP endpoint: {@code GET /health} (200 when every check is up, else 503; a JSON body
 * says which) and {@code GET /metrics} (Prometheus text format 0.0.4). Two threads: a scraper and a
 * load balancer's health probe may ask at once; nothing here is meant for more.
 */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final ExecutorService threads;

    private HttpEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Listens on {@code settings}' address and port; throws when the port cannot be bound. */
    public static HttpEndpoint start(HttpSettings settings, CheckHealth health, Metrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "postdesk-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                } else if (exchange.getRequestURI().getPath().equals("/health")) {
                    CheckHealth.Report report = health.check();
                    send(exchange, report.up() ? 200 : 503, "application/json", json(report));
                } else if (exchange.getRequestURI().getPath().equals("/metrics")) {
                    send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", "not found; try /health or /metrics\n");
                }
            } catch (RuntimeException e) {
                LOG.warn("stage=http {}: {}", exchange.getRequestURI(), e.toString(), e);
            }
        });
        server.start();
        return new HttpEndpoint(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String address() {
        return server.getAddress().getAddress().getHostAddress();
    }

    private static String json(CheckHealth.Report report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "up" : "down");
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, check) -> checks.put(name, Map.of("status", check.up() ? "up" : "down",
                "detail", check.detail() == null ? "" : check.detail())));
        body.put("checks", checks);
        try {
            return JSON.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the health report: " + e.getMessage(), e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
