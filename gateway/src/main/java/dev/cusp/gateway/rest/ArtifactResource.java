package dev.cusp.gateway.rest;

import dev.cusp.gateway.service.ModelService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Serves model files by SHA-256, for the workers. */
@Path("/api/artifacts")
@Tag(name = "artifacts", description = "Model files by content address")
public class ArtifactResource {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ModelService models;

    ArtifactResource(ModelService models) {
        this.models = models;
    }

    @GET
    @Path("/{sha256}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the model file with this SHA-256 (lower-case hex)")
    @APIResponse(responseCode = "404", description = "No model file with this SHA-256")
    public byte[] get(@PathParam("sha256") String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new NotFoundException("no model file with SHA-256 '" + sha256 + "' (64 lower-case hex digits)");
        }
        return models.artifact(sha256);
    }
}
