// A JDBC client as BI tools are one: ClickHouse's official driver through DriverManager.
//   java -cp '<libs>/*' test/jdbc/JdbcProbe.java <jdbc-url> (<query> | --metadata)...
// A query prints its rows as TabSeparated lines (getString, escaped as ClickHouse does), an SQLException one line
// `ERROR <sqlstate>/<errorCode>: <message>`; --metadata prints what DatabaseMetaData says of the server and its
// tables, the way DBeaver, Metabase or Tableau browse a schema.
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

public class JdbcProbe {
  public static void main(String[] args) throws SQLException {
    try (Connection conn = DriverManager.getConnection(args[0])) {
      for (int i = 1; i < args.length; i++) {
        try {
          if (args[i].equals("--metadata")) metadata(conn);
          else query(conn, args[i]);
        } catch (SQLException e) {
          System.out.println("ERROR " + e.getSQLState() + "/" + e.getErrorCode() + ": " + oneLine(e.getMessage()));
        }
      }
    }
  }

  static void query(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) row.add(tsv(rs.getString(c)));
        System.out.println(String.join("\t", row));
      }
    }
  }

  static void metadata(Connection conn) throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    System.out.println("product\t" + md.getDatabaseProductName() + "\t" + md.getDatabaseProductVersion());
    System.out.println("driver\t" + md.getDriverName() + "\t" + md.getDriverVersion());
    // the connection's database is a schema to the v2 driver (TABLE_SCHEM), the catalog is unused
    try (ResultSet rs = md.getTables(null, conn.getSchema(), "%", null)) {
      while (rs.next())
        System.out.println("table\t" + rs.getString("TABLE_SCHEM") + "\t" + rs.getString("TABLE_NAME") + "\t"
            + rs.getString("TABLE_TYPE"));
    }
  }

  // TabSeparated's escapes, so the lines compare with rebar sql --format TabSeparated
  static String tsv(String v) {
    if (v == null) return "\\N";
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }
}
