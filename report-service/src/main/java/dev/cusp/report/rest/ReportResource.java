package dev.cusp.report.rest;

import dev.cusp.report.service.ReportQueries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reads a job's report and its per-example rows. */
@Path("/api/reports")
@Tag(name = "reports", description = "Reports aggregated from the stored per-example results")
public class ReportResource {
    private final ReportQueries queries;

    ReportResource(ReportQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's status and, once every shard is in, its report")
    @APIResponse(responseCode = "404", description = "No result of this job has arrived")
    public ReportView report(@PathParam("jobId") String jobId) {
        return queries.report(parse(jobId));
    }

    @GET
    @Path("/{jobId}/examples")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Per-example rows: JSON, or CSV with ?format=csv")
    @APIResponse(responseCode = "404", description = "No result of this job has arrived")
    public Response examples(@PathParam("jobId") String jobId, @QueryParam("format") @DefaultValue("json") String format) {
        var examples = queries.examples(parse(jobId));
        return switch (format) {
            case "json" -> Response.ok(examples, MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(ExamplesCsv.write(examples), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"examples-" + jobId + ".csv\"").build();
            default -> throw new BadRequestException("format must be json or csv, got '" + format + "'");
        };
    }

    private static UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no job with id '" + jobId + "'");
        }
    }
}
