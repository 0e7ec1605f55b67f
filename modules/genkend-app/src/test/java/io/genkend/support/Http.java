package io.genkend.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real HTTP client for tests: talks to the running application over loopback, keeps cookies like a
 * browser session, and can log in through the form with its CSRF token.
 */
public final class Http {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;

    /** @param port the application's port */
    public Http(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return a request builder for {@code path} on the application */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    /** Sends a request and returns the answer with its body as a string. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET with an {@code Accept} header. */
    public HttpResponse<String> get(String path, String accept) {
        return send(request(path).header("Accept", accept).GET().build());
    }

    /** GET with an API key. */
    public HttpResponse<String> getWithKey(String path, String apiKey) {
        return send(request(path).header("Authorization", "Bearer " + apiKey).header("Accept", "application/json")
                .GET().build());
    }

    /** @return the CSRF token of the form on the page at {@code path} */
    public String csrfToken(String path) {
        Matcher matcher = CSRF.matcher(get(path, "text/html").body());
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on " + path);
        }
        return matcher.group(1);
    }

    /**
     * Logs in through the form.
     *
     * @return the answer to the form post (302 to {@code /} on success, to {@code /login?error} on failure)
     */
    public HttpResponse<String> login(String email, String password) {
        String token = csrfToken("/login");
        return postForm("/login", "username=" + enc(email) + "&password=" + enc(password) + "&_csrf=" + enc(token));
    }

    /** POSTs an url-encoded form body. */
    public HttpResponse<String> postForm(String path, String body) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** @return {@code value} URL-encoded as UTF-8 */
    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
