package io.connectops.cli.commands;

import java.util.concurrent.Callable;

import io.connectops.cli.ConnectOpsCli;
import io.connectops.cli.ExitCodes;
import io.connectops.cli.client.ApiClient;
import io.connectops.cli.output.Output;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does something: it reaches the root's global options and the API through its spec. Commands whose
 * exit code says more than success ({@code diff}) implement {@link #call()}; the others implement {@link Action#run()}.
 */
abstract class Leaf implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    ConnectOpsCli root() {
        return (ConnectOpsCli) spec.root().userObject();
    }

    ApiClient api() {
        return root().api();
    }

    Output out() {
        return root().output(spec.commandLine().getOut());
    }

    /** A command that succeeds or throws. */
    abstract static class Action extends Leaf {

        @Override
        public Integer call() throws Exception {
            run();
            return ExitCodes.OK;
        }

        abstract void run() throws Exception;
    }
}
