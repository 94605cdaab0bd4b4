package io.connectops.alerting.suppression;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.alerting.rules.JsonColumns;

/** A silence's matchers as a JSON text column. */
@Converter
public class MatchersColumn implements AttributeConverter<List<LabelMatcher>, String> {

    @Override
    public String convertToDatabaseColumn(List<LabelMatcher> matchers) {
        return JsonColumns.write(matchers == null ? List.of() : matchers);
    }

    @Override
    public List<LabelMatcher> convertToEntityAttribute(String json) {
        return json == null ? List.of() : JsonColumns.read(json, new TypeReference<List<LabelMatcher>>() { });
    }
}
