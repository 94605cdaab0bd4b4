package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The realm docker-compose imports into Keycloak: the roles of platform's {@code Roles}, a user per role to try
 * the APIs with, a confidential client with a service account for the machine role, and the API's own client.
 */
class KeycloakRealmTest {

    private static final Pattern ROLE_CONSTANT = Pattern.compile("public static final String \\w+ = \"([^\"]+)\";");
    private static final Set<String> MACHINE_ROLES = Set.of("ingest", "servicenow");

    private final Map<String, Object> realm = Repo.yamlMap(Repo.path("deploy", "keycloak", "connectops-realm.json"));

    @Test
    void isTheRealmTheServicesTrust() {
        String issuer = Repo.properties(Repo.path("platform", "src", "main", "resources", "META-INF", "microprofile-config.properties"))
                .getProperty("quarkus.oidc.auth-server-url");

        assertThat(issuer).endsWith("/realms/" + Node.string(realm, "realm"));
        assertThat(Node.string(realm, "enabled")).isEqualTo("true");
    }

    @Test
    void definesEveryRoleTheServicesCheck() {
        assertThat(Node.maps(realm, "roles", "realm")).extracting(role -> role.get("name"))
                .containsExactlyInAnyOrderElementsOf(platformRoles());
    }

    @Test
    void hasAUserPerRoleWithThatRoleOnly() {
        for (String role : platformRoles()) {
            Map<String, Object> user = user(role);
            assertThat(Node.string(user, "enabled")).isEqualTo("true");
            assertThat(Node.list(user, "realmRoles")).containsExactly(role);
            assertThat(Node.maps(user, "credentials")).anySatisfy(credential -> {
                assertThat(Node.string(credential, "type")).isEqualTo("password");
                assertThat(Node.string(credential, "value")).isEqualTo(role);
            });
        }
    }

    @Test
    void hasAConfidentialClientWithAServiceAccountPerMachineRole() {
        for (String role : MACHINE_ROLES) {
            String clientId = "connectops-" + role;
            Map<String, Object> client = client(clientId);
            assertThat(Node.string(client, "publicClient")).isEqualTo("false");
            assertThat(Node.string(client, "serviceAccountsEnabled")).isEqualTo("true");
            assertThat(Node.string(client, "secret")).isNotBlank();

            Map<String, Object> serviceAccount = user("service-account-" + clientId);
            assertThat(Node.string(serviceAccount, "serviceAccountClientId")).isEqualTo(clientId);
            assertThat(Node.list(serviceAccount, "realmRoles")).containsExactly(role);
        }
    }

    @Test
    void theIncidentConsoleSignsPeopleInWithTheCodeFlowAndPkceOnItsOwnClient() {
        String clientId = Repo.properties(Repo.path("incidents", "src", "main", "resources", "application.properties"))
                .getProperty("quarkus.oidc.console.client-id");
        assertThat(clientId).endsWith(":connectops-console}");
        Map<String, Object> console = client("connectops-console");
        assertThat(Node.string(console, "standardFlowEnabled")).isEqualTo("true");
        assertThat(Node.string(console, "directAccessGrantsEnabled")).isEqualTo("false");
        assertThat(Node.string(console, "attributes", "pkce.code.challenge.method")).isEqualTo("S256");
        // The console's redirect path (/incidents) on the local incidents service, and every incident link under it.
        assertThat(Node.list(console, "redirectUris")).contains("http://localhost:8083/incidents",
                "http://localhost:8083/incidents/*");
        // scheduling's supervisor page signs in with the same client.
        assertThat(Repo.properties(Repo.path("scheduling", "src", "main", "resources", "application.properties"))
                .getProperty("quarkus.oidc.console.client-id")).endsWith(":connectops-console}");
        assertThat(Node.list(console, "redirectUris")).contains("http://localhost:8084/supervisor",
                "http://localhost:8084/supervisor/*");
        assertThat(Node.string(console, "attributes", "post.logout.redirect.uris"))
                .isEqualTo("http://localhost:8083/incidents##http://localhost:8084/supervisor");
    }

    @Test
    void theCommandLineClientOffersTheDeviceGrantForPeople() {
        Map<String, Object> cli = client("connectops-cli");
        assertThat(Node.string(cli, "publicClient")).isEqualTo("true");
        assertThat(Node.string(cli, "attributes", "oauth2.device.authorization.grant.enabled")).isEqualTo("true");
    }

    @Test
    void hasTheClientTheServicesNameThemselvesWith() {
        String clientId = Repo.properties(Repo.path("platform", "src", "main", "resources", "META-INF", "microprofile-config.properties"))
                .getProperty("quarkus.oidc.client-id");
        assertThat(clientId).isEqualTo("connectops-api");
        assertThat(Node.string(client(clientId), "enabled")).isEqualTo("true");
    }

    private static Set<String> platformRoles() {
        String source = Repo.read(Repo.path("platform", "src", "main", "java", "io", "connectops", "platform", "security", "Roles.java"));
        Set<String> roles = new LinkedHashSet<>();
        Matcher matcher = ROLE_CONSTANT.matcher(source);
        while (matcher.find()) {
            roles.add(matcher.group(1));
        }
        assertThat(roles).hasSize(6);
        return roles;
    }

    private Map<String, Object> user(String username) {
        return find(Node.maps(realm, "users"), "username", username);
    }

    private Map<String, Object> client(String clientId) {
        return find(Node.maps(realm, "clients"), "clientId", clientId);
    }

    private static Map<String, Object> find(List<Map<String, Object>> items, String key, String value) {
        return items.stream().filter(item -> value.equals(item.get(key))).findFirst()
                .orElseThrow(() -> new AssertionError("realm has no " + key + " " + value));
    }
}
