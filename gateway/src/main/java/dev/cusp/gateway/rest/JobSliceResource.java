package dev.cusp.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cusp.gateway.service.SingularityProxy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's slice pictures (slices tier), as the report-service keeps them. */
@Path("/api/jobs/{id}/slices")
@Tag(name = "jobs")
public class JobSliceResource {
    private final SingularityProxy proxy;

    JobSliceResource(SingularityProxy proxy) {
        this.proxy = proxy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's slice pictures: the window of each and a link to its PNG")
    @APIResponse(responseCode = "404", description = "No such job, or none of its results has arrived")
    public JsonNode list(@PathParam("id") String id) {
        UUID jobId = Ids.parse("job", id);
        JsonNode slices = proxy.slices(jobId);
        // links into this API instead of the report-service's
        slices.forEach(s -> ((ObjectNode) s).put("href", "/api/jobs/" + jobId + "/slices/"
                + s.path("exampleIndex").asInt()));
        return slices;
    }

    @GET
    @Path("/{exampleIndex}")
    @Produces("image/png")
    @Operation(summary = "The PNG of the slice through one example of the job")
    @APIResponse(responseCode = "404", description = "No such job, or no slice through this example")
    public Response png(@PathParam("id") String id, @PathParam("exampleIndex") String exampleIndex) {
        UUID jobId = Ids.parse("job", id);
        int index;
        try {
            index = Integer.parseInt(exampleIndex);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no example '" + exampleIndex + "' in job " + jobId);
        }
        return Response.ok(proxy.slicePng(jobId, index), "image/png").build();
    }
}
