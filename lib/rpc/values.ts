/** Values an XML-RPC method may return. JS numbers serialize as <int>; wrap a float to send a <double>. */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

/** An already serialized `<value>…</value>\n` fragment, for hot paths that build their XML directly. */
export class XmlRpcRaw {
  constructor(readonly xml: string) {}
}

export type XmlRpcValue = number | string | boolean | XmlRpcDouble | XmlRpcRaw | XmlRpcValue[] | { [key: string]: XmlRpcValue };
