package io.connectops.alerting.rules;

import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.contracts.EventCodec;

/** JSON text columns: label maps here, and the helpers other features' JSON columns use. */
public final class JsonColumns {

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write column as JSON", e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Column is not the JSON expected", e);
        }
    }

    @Converter
    public static class Labels implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> labels) {
            return write(labels == null ? Map.of() : labels);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String json) {
            return json == null ? Map.of() : read(json, new TypeReference<Map<String, String>>() { });
        }
    }

}
