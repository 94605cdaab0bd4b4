package io.connectops.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.client.ApiClient;
import io.connectops.cli.client.Service;
import io.connectops.cli.config.Profile;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true, description = "Platforms the tool talks to.",
        subcommands = {ProfileCommand.SetProfile.class, ProfileCommand.ListProfiles.class})
public class ProfileCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create or change a profile from --server, --issuer, --client-id and --service-url.")
    static class SetProfile extends Leaf.Action {

        @Parameters(index = "0", description = "Profile name.")
        String name;

        @Option(names = "--service-url", description = "A URL for one service: incidents=https://… (repeatable).")
        Map<String, String> serviceUrls = new LinkedHashMap<>();

        @Override
        void run() {
            Profile existing = root().config().profiles().getOrDefault(name, Profile.local());
            Profile updated = root().withOverrides(existing);
            Map<String, String> urls = new LinkedHashMap<>(updated.services());
            serviceUrls.forEach((service, url) -> urls.put(Service.ofKey(service).key(), url));
            // A secret given on the command line is used, never written: machines keep it in their environment.
            root().config().saveProfile(name, new Profile(updated.server(), urls, updated.issuer(),
                    updated.clientId(), existing.clientSecret()));
            out().message("Profile " + name + " saved in " + root().config().root());
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the profiles.")
    static class ListProfiles extends Leaf.Action {

        @Override
        void run() {
            List<JsonNode> rows = new ArrayList<>();
            root().config().profiles().forEach((name, profile) -> rows.add(ApiClient.json().createObjectNode()
                    .put("name", name).put("server", profile.server()).put("issuer", profile.issuer())
                    .put("clientId", profile.clientId())));
            out().table(rows, Column.of("NAME", "name"), Column.of("SERVER", "server"),
                    Column.of("ISSUER", "issuer"), Column.of("CLIENT", "clientId"));
        }
    }
}
