package dev.cusp.gateway.rest;

import dev.cusp.gateway.service.ModelRegistrar;
import dev.cusp.gateway.service.ModelService;
import dev.cusp.gateway.service.Registration;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Uploads and lists models. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Trained DL4J models, stored by the SHA-256 of their bytes")
public class ModelResource {
    private final ModelRegistrar registrar;
    private final ModelService models;

    ModelResource(ModelRegistrar registrar, ModelService models) {
        this.registrar = registrar;
        this.models = models;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a DL4J model file (ModelSerializer zip)")
    @APIResponse(responseCode = "201", description = "Stored and announced on model.registered")
    @APIResponse(responseCode = "200", description = "The same bytes were already stored: the existing model")
    @APIResponse(responseCode = "400", description = "Missing field, or a file DL4J cannot load within the limits")
    @APIResponse(responseCode = "413", description = "Larger than cusp.gateway.max-model-bytes")
    public Response upload(@RestForm("file") FileUpload file, @RestForm("name") String name,
            @RestForm("version") String version) {
        if (file == null) {
            throw new BadRequestException("form field 'file' (the model file) is required");
        }
        registrar.checkSize(file.size());
        Registration registration = registrar.register(read(file), name, version);
        ModelView model = registration.model();
        return registration.created()
                ? Response.created(URI.create("/api/models/" + model.id())).entity(model).build()
                : Response.ok(model).build();
    }

    @GET
    @Operation(summary = "List models, newest first")
    public List<ModelView> list() {
        return models.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one model")
    @APIResponse(responseCode = "404", description = "No such model")
    public ModelView get(@PathParam("id") String id) {
        return models.get(Ids.parse("model", id));
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }
}
