// A realistic failure: an export job that fails several calls deep in application code, with a
// cause, inside an async-looking call chain. The message varies like real messages do.
class ExportError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'ExportError';
    this.code = 'E_EXPORT_UPLOAD';
  }
}

function uploadChunk(orderId) {
  const cause = new Error(`connect ECONNREFUSED 127.0.0.1:9000 while uploading order ${orderId}`);
  cause.code = 'ECONNREFUSED';
  throw new ExportError(`Export of order ${orderId} failed after 3 attempts`, { cause });
}
function writeCsv(orderId) {
  return uploadChunk(orderId);
}
function serializeOrders(orderId) {
  return [orderId].map((id) => writeCsv(id))[0];
}
function runExportJob(orderId) {
  return serializeOrders(orderId);
}
function handleJob(orderId) {
  return runExportJob(orderId);
}
export function raiseRealisticError(orderId) {
  return JSON.parse(JSON.stringify({ id: orderId }), (key, value) => (key === 'id' ? handleJob(value) : value));
}
