package org.postdesk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An SMTP client at the level of lines, for what Jakarta Mail will not send: relay probes with source
 * routes, AUTH without TLS, a client that stalls. Every read has a timeout, so a server that never answers
 * fails the test instead of hanging it.
 */
public final class RawSmtp implements AutoCloseable {

    /** One reply: its code and all its lines joined with newlines. */
    public record Reply(int code, String text) {
    }

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final Reply greeting;

    public RawSmtp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        // long enough for a 50 MB message to be stored and processed on a busy machine
        socket.setSoTimeout(180_000);
        streams();
        greeting = read();
    }

    public Reply greeting() {
        return greeting;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends one command line and reads its reply. */
    public Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    /** Sends a line without waiting for an answer. */
    public void send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one reply, every continuation line of it; code -1 when the server closed the connection. */
    public Reply read() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null) {
                return new Reply(-1, text.toString());
            }
            text.append(text.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
        }
    }

    /** STARTTLS, then the TLS handshake, trusting any certificate (the tests' own is self-signed). */
    public Reply startTls() throws IOException {
        Reply reply = command("STARTTLS");
        if (reply.code() != 220) {
            return reply;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1",
                    socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            socket = tls;
            streams();
            return reply;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void streams() throws IOException {
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
