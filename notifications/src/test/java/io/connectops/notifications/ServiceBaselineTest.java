package io.connectops.notifications;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.ServiceBaselineContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ServiceBaselineTest extends ServiceBaselineContract {

    @Override
    protected String securedReadPath() {
        return "/api/v1/channels";
    }

    @Override
    protected String readRole() {
        return Roles.VIEWER;
    }

    @Override
    protected String roleWithoutAccess() {
        return Roles.INGEST;
    }
}
