/** The reference's (medusa's) standard error page, byte for byte (rpc.md §1.6). */
const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  411: 'Length Required',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

export function errorPage(status: number): Buffer {
  const reason = REASONS[status] ?? 'Error';
  return Buffer.from(
    `<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n` +
      `<p>Error code ${status}.\r\n<p>Message: ${reason}.\r\n</body>\r\n`,
  );
}
