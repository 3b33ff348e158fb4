package social.upkeep.expense;

/** A receipt file whose type was checked from its content. */
public record Receipt(String contentType, byte[] content) {

    public String extension() {
        return switch (contentType) {
            case "application/pdf" -> "pdf";
            case "image/png" -> "png";
            default -> "jpg";
        };
    }
}
