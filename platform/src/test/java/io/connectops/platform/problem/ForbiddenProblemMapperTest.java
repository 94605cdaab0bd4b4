package io.connectops.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.quarkus.security.ForbiddenException;

/** A 403 names the roles the operation declares, the method's own before its class's, and nothing else. */
class ForbiddenProblemMapperTest {

    @RolesAllowed("viewer")
    static class Resource {

        @RolesAllowed({"incident-manager", "admin"})
        public void acknowledge() {
        }

        public void read() {
        }
    }

    static class Unannotated {
        public void anything() {
        }
    }

    @Test
    void theMethodsOwnRolesComeBeforeItsClasss() throws Exception {
        assertThat(ForbiddenProblemMapper.declaredRoles(Resource.class.getMethod("acknowledge")))
                .containsExactly("incident-manager", "admin");
        assertThat(ForbiddenProblemMapper.declaredRoles(Resource.class.getMethod("read"))).containsExactly("viewer");
        assertThat(ForbiddenProblemMapper.declaredRoles(Unannotated.class.getMethod("anything"))).isEmpty();
    }

    @Test
    void theDetailNamesEveryAllowedRole() {
        assertThat(ForbiddenProblemMapper.detail(List.of("incident-manager", "admin")))
                .isEqualTo("This operation needs role incident-manager or admin");
        assertThat(ForbiddenProblemMapper.detail(List.of())).isEqualTo("Your roles do not allow this operation");
    }

    @Test
    void withoutAResourceTheAnswerIsStillAProblemAndDoesNotRepeatTheExceptionsMessage() {
        Response response = new ForbiddenProblemMapper().toResponse(new ForbiddenException("token abc.def.ghi"));
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        ForbiddenProblemMapper.RoleProblem problem = (ForbiddenProblemMapper.RoleProblem) response.getEntity();
        assertThat(problem.detail()).isEqualTo("Your roles do not allow this operation").doesNotContain("abc");
        assertThat(problem.roles()).isEmpty();
    }
}
