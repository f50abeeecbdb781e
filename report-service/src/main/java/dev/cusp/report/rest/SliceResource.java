package dev.cusp.report.rest;

import dev.cusp.report.repository.AnalysisRepository.SliceInfo;
import dev.cusp.report.service.SingularityQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lists and serves the slice pictures of a job (slices tier). */
@Path("/api/reports/{jobId}/slices")
@Tag(name = "reports")
public class SliceResource {
    private final SingularityQueries queries;

    SliceResource(SingularityQueries queries) {
        this.queries = queries;
    }

    /** A stored slice with the link to its picture. */
    public record SliceView(int exampleIndex, String point, double sMin, double sMax, double tMin, double tMax,
            int width, int height, int bytes, String href) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's slice pictures: the window of each and a link to its PNG")
    @APIResponse(responseCode = "404", description = "No result of this job has arrived")
    public List<SliceView> list(@PathParam("jobId") String jobId) {
        UUID id = parse(jobId);
        List<SliceInfo> slices = queries.slices(id);
        return slices.stream().map(s -> new SliceView(s.exampleIndex(), s.point(), s.sMin(), s.sMax(), s.tMin(),
                s.tMax(), s.width(), s.height(), s.bytes(), "/api/reports/" + id + "/slices/" + s.exampleIndex()))
                .toList();
    }

    @GET
    @Path("/{exampleIndex}")
    @Produces("image/png")
    @Operation(summary = "The PNG of the slice through an example")
    @APIResponse(responseCode = "404", description = "No such job, or no slice through this example")
    public Response png(@PathParam("jobId") String jobId, @PathParam("exampleIndex") String exampleIndex) {
        UUID id = parse(jobId);
        int index;
        try {
            index = Integer.parseInt(exampleIndex);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no example '" + exampleIndex + "' in job " + id);
        }
        return Response.ok(queries.slicePng(id, index), "image/png").build();
    }

    private static UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no job with id '" + jobId + "'");
        }
    }
}
