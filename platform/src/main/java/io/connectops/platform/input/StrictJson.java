package io.connectops.platform.input;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly, in every service: a value of the wrong JSON type is refused instead of being
 * coerced ({@code "description": true} is not the string "true", {@code "severity": 0} is not P1), a key given
 * twice is refused instead of the last one silently winning, and no string may carry a C0 control character other
 * than tab, line feed and carriage return (PostgreSQL cannot store NUL, and nobody types the others). Event payloads
 * on Kafka are read by the event codec's own mapper and are not affected.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.String);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Boolean,
                CoercionInputShape.Float);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        SimpleModule clean = new SimpleModule("connectops-clean-strings");
        clean.addDeserializer(String.class, new CleanStringDeserializer());
        clean.addKeyDeserializer(String.class, new CleanKeyDeserializer());
        mapper.registerModule(clean);
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** Thrown for a string that holds a control character; its message never repeats the value. */
    public static final class ControlCharacterException extends MismatchedInputException {
        ControlCharacterException(JsonParser parser) {
            super(parser, "must not contain control characters", parser.currentLocation());
        }
    }

    static final class CleanStringDeserializer extends StdScalarDeserializer<String> {

        CleanStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = parser.hasToken(JsonToken.VALUE_STRING) ? parser.getText()
                    : StringDeserializer.instance.deserialize(parser, context);
            if (value != null && TextRules.hasControlCharacter(value)) {
                throw new ControlCharacterException(parser);
            }
            return value;
        }
    }

    static final class CleanKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (TextRules.hasControlCharacter(key)) {
                throw new ControlCharacterException(context.getParser());
            }
            return key;
        }
    }
}
