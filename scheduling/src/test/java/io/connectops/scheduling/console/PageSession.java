package io.connectops.scheduling.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * A person signed in to the supervisor page without a browser: the authorization-code flow followed by hand (the
 * page sends to the provider, the login form posts back a code, the page exchanges it and sets its session), then
 * pages read as HTML.
 */
final class PageSession {

    private final Map<String, String> cookies = new HashMap<>();

    private PageSession() {
    }

    static PageSession signIn(ConsoleLoginProvider.Person person, String path) {
        PageSession session = new PageSession();
        Response toProvider = RestAssured.given().redirects().follow(false).get(path);
        assertThat(toProvider.statusCode()).isEqualTo(302);
        session.cookies.putAll(toProvider.getCookies());
        URI authorize = URI.create(toProvider.getHeader("Location"));
        Map<String, String> form = new HashMap<>();
        for (String pair : authorize.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        form.put("username", person.username());
        form.put("password", person.password());
        Response withCode = RestAssured.given().redirects().follow(false).formParams(form)
                .post(authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath());
        assertThat(withCode.statusCode()).isEqualTo(302);
        Response back = RestAssured.given().redirects().follow(false).cookies(session.cookies)
                .get(withCode.getHeader("Location"));
        assertThat(back.statusCode()).isEqualTo(302);
        session.cookies.putAll(back.getCookies());
        return session;
    }

    Response get(String path) {
        return RestAssured.given().redirects().follow(false).cookies(cookies).get(path);
    }

    Document page(String path) {
        Response response = get(path);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsoup.parse(response.asString());
    }
}
