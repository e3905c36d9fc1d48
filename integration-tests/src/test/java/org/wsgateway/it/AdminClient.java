package org.wsgateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls the admin REST API as one user (HTTP Basic), as curl or a script would. */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An answer: status, headers, and the body parsed as JSON (or null). */
    record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        String etag() {
            return raw.headers().firstValue("ETag").orElse(null);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The fields a problem names. */
        java.util.List<String> fields() {
            java.util.List<String> fields = new java.util.ArrayList<>();
            json.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            return fields;
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private final String base;
    private final String authorization;

    AdminClient(String base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** A GET of a URL outside the REST API (e.g. {@code /ws-admin/metrics}), with this client's credentials. */
    Answer get(URI url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    Answer post(String path, Object body) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    Answer put(String path, Object body, String ifMatch) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json").PUT(publisher(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    Answer postWith(String path, Object body, String ifMatch) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json").POST(publisher(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    Answer delete(String path, String ifMatch) throws Exception {
        HttpRequest.Builder b = request(path).DELETE();
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    /** Anything else: a request built by the test. */
    Answer send(HttpRequest.Builder builder) throws Exception {
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Answer(response.statusCode(), response, json);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static HttpRequest.BodyPublisher publisher(Object body) throws Exception {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(text);
    }
}
