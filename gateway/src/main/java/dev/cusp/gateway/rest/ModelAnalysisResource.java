package dev.cusp.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cusp.gateway.service.SingularityProxy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A model's parameter-space analysis, as the report-service keeps it. */
@Path("/api/models/{id}/analysis")
@Tag(name = "models")
public class ModelAnalysisResource {
    private final SingularityProxy proxy;

    ModelAnalysisResource(SingularityProxy proxy) {
        this.proxy = proxy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The model's parameter-space analysis (model.analysis): per-layer table, curvature, labels")
    @APIResponse(responseCode = "404", description = "No such model, or its analysis has not arrived")
    @APIResponse(responseCode = "502", description = "The report service is unreachable")
    public JsonNode analysis(@PathParam("id") String id) {
        return proxy.modelAnalysis(Ids.parse("model", id));
    }
}
