package io.connectops.incidents.rest;

import java.io.IOException;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

/**
 * An {@link IncidentView} already written as JSON ({@link IncidentViewCache}), copied into the response as is; the
 * API's description shows it as the view it is.
 */
@Schema(implementation = IncidentView.class)
public record RenderedIncidentView(SerializableString json) implements JsonSerializable {

    /** Encoded to UTF-8 here, once: the response then takes a copy of the bytes (a String is encoded per write). */
    static RenderedIncidentView of(String json) {
        SerializedString encoded = new SerializedString(json);
        encoded.asUnquotedUTF8();
        return new RenderedIncidentView(encoded);
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer types)
            throws IOException {
        serialize(generator, serializers);
    }
}
