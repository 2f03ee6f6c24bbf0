namespace AuditApp.Models;

public class Review
{
    public int Id { get; set; }

    public int SessionId { get; set; }

    public short Rating { get; set; }

    public string? Comment { get; set; }
}
